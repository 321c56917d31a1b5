package dev.trustpipe.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Checks the rules against the main classes of every module on the test classpath. Test classes
 * (including this module's deliberately violating fixtures) are not imported.
 */
@AnalyzeClasses(packages = "dev.trustpipe", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

  @ArchTest
  static final ArchRule contractsAndTufUseNoFrameworkOrIo =
      ModuleRules.CONTRACTS_AND_TUF_USE_NO_FRAMEWORK_OR_IO;

  @ArchTest
  static final ArchRule custodyUsesNoSpringKafkaOrJdbc =
      ModuleRules.CUSTODY_USES_NO_SPRING_KAFKA_OR_JDBC;

  @ArchTest
  static final ArchRule trustStoreUsesNoSpringOrKafka =
      ModuleRules.TRUST_STORE_USES_NO_SPRING_OR_KAFKA;

  @ArchTest
  static final ArchRule librariesDoNotDependOnServices =
      ModuleRules.LIBRARIES_DO_NOT_DEPEND_ON_SERVICES;

  @ArchTest
  static final ArchRule custodyDoesNotDependOnTuf = ModuleRules.CUSTODY_DOES_NOT_DEPEND_ON_TUF;

  @ArchTest
  static final ArchRule contractsDependOnNoOtherModule =
      ModuleRules.CONTRACTS_DEPEND_ON_NO_OTHER_MODULE;

  @ArchTest
  static final ArchRule librariesReadTimeFromAnInjectedClock =
      ModuleRules.LIBRARIES_READ_TIME_FROM_AN_INJECTED_CLOCK;

  /** Says which module is missing, where a rule would only say it "failed to check any classes". */
  @ArchTest
  static void everyLibraryModuleIsOnTheClasspath(JavaClasses classes) {
    for (String library : ModuleRules.LIBRARIES) {
      assertThat(classes.that(resideInAPackage(library)))
          .as(
              "classes in %s: is that module built and a dependency of architecture-tests?",
              library)
          .isNotEmpty();
    }
  }
}
