package io.github.cachalot.autoconfigure;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes sure an auto-proxy creator applies infrastructure advisors (such as the one of
 * {@code @CachalotOverride}) even where Spring Boot's AOP auto-configuration is off; does nothing
 * when one is registered already.
 */
class AutoProxyCreatorRegistrar implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		if (AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry) != null) {
			// created here (Boot's AOP auto-configuration is off): proxy classes, as Boot does by
			// default, so that a bean stays assignable to its class once proxied
			AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
		}
	}

}
