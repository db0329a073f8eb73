package io.gridhall.metering;

/** Where readings came from; stored with each register row and each batch. */
public enum ReadingSource {
    HEAD_END(1),
    API(2),
    FILE_IMPORT(3),
    DEMO(4),
    ESTIMATOR(5);

    private final int code;

    ReadingSource(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
