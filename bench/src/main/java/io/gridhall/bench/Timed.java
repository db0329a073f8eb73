package io.gridhall.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the same body on several threads at once and measures the wall time until the last one ends. */
final class Timed {

    interface PerThread {
        void run(int thread) throws Exception;
    }

    private Timed() {}

    static long nanos(int threads, PerThread body) throws Exception {
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
        return System.nanoTime() - t0;
    }
}
