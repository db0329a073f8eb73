package io.gridhall.shared.internal;

import io.gridhall.shared.DocumentSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The settings of every printed document ({@link DocumentSettings}), one bean for the modules that print. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocumentSettings.class)
class Documents {}
