package io.gridhall.billing.internal.document;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BillDocumentSettings.class)
class BillDocumentConfiguration {}
