package io.github.cachalot.spring;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The tables a JPA entity class is stored in (its own, its superclasses' and secondary tables),
 * as Hibernate maps them. Loaded only when Hibernate is on the class path.
 */
final class EntityTables {

	private EntityTables() {
	}

	/** The tables of the given entity classes in any of the factories. */
	static Set<String> of(ListableBeanFactory beanFactory, Class<?>... entityClasses) {
		List<EntityManagerFactory> factories = List.copyOf(beanFactory.getBeansOfType(EntityManagerFactory.class).values());
		Set<String> tables = new LinkedHashSet<>();
		for (Class<?> entityClass : entityClasses) {
			boolean found = false;
			for (EntityManagerFactory factory : factories) {
				SessionFactoryImplementor sessionFactory = factory.unwrap(SessionFactoryImplementor.class);
				EntityPersister persister = sessionFactory.getMappingMetamodel()
					.findEntityDescriptor(entityClass);
				if (persister != null) {
					persister.visitQuerySpaces(tables::add);
					found = true;
				}
			}
			if (!found) {
				throw new IllegalArgumentException(entityClass.getName()
						+ " is not an entity of any EntityManagerFactory in the application");
			}
		}
		return tables;
	}

}
