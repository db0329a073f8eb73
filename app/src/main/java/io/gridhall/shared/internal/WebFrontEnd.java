package io.gridhall.shared.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the staff console's page at /console/ (the portal's index.html at / is Boot's welcome
 * page). Both apps route with the URL hash, so no other path needs a fallback.
 */
@Configuration(proxyBeanMethods = false)
class WebFrontEnd implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }
}
