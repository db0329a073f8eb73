package io.gridhall;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/** GridHall: one process, modules with enforced borders (see docs/adr/0001). */
@Modulithic(sharedModules = "shared")
// no in-memory default user: staff and customers sign in through the identity module only
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableScheduling
public class GridHallApplication {

    public static void main(String[] args) {
        SpringApplication.run(GridHallApplication.class, args);
    }
}
