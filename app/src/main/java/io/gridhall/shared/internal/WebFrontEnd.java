package io.gridhall.shared.internal;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.EncodedResourceResolver;

/**
 * Serves the staff console's page at /console/ (the portal's index.html at / is Boot's welcome
 * page). Both apps route with the URL hash, so no other path needs a fallback.
 *
 * <p>The build names every script and style sheet under /assets/ by its content hash and puts .br
 * and .gz copies beside it, so those are sent compressed (to browsers that accept it) and cached for
 * a year as immutable; a new build has new names. The pages themselves (index.html) carry the names
 * and are revalidated on every load ({@code spring.web.resources.cache.cachecontrol.no-cache}).
 * Spring Security's no-store header is only added when a response has no cache header of its own.
 */
@Configuration(proxyBeanMethods = false)
class WebFrontEnd implements WebMvcConfigurer {

    static final CacheControl HASHED =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(HASHED)
                .resourceChain(true)
                .addResolver(new EncodedResourceResolver());
    }
}
