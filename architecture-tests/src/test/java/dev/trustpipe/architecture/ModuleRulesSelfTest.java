package dev.trustpipe.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.trustpipe.contracts.archfixture.ContractsCallingHttpAndJdbc;
import dev.trustpipe.custody.archfixture.CustodyUsingJdbcAndTuf;
import dev.trustpipe.signing.archfixture.ServiceComponent;
import dev.trustpipe.truststore.archfixture.TrustStoreCallingAService;
import dev.trustpipe.tuf.archfixture.TufReadingTheSystemClock;
import org.junit.jupiter.api.Test;

/**
 * The rules can fail: each one, checked against fixture classes (test sources, in the packages the
 * rule covers) that break it on purpose, reports the violation. Without this, a typo in a package
 * name would leave a rule that passes on anything.
 */
class ModuleRulesSelfTest {

  private static final JavaClasses FIXTURES =
      new ClassFileImporter()
          .importClasses(
              ContractsCallingHttpAndJdbc.class,
              TufReadingTheSystemClock.class,
              CustodyUsingJdbcAndTuf.class,
              TrustStoreCallingAService.class,
              ServiceComponent.class);

  @Test
  void contractsAndTufMayNotUseHttpOrJdbc() {
    assertViolations(
        ModuleRules.CONTRACTS_AND_TUF_USE_NO_FRAMEWORK_OR_IO,
        "ContractsCallingHttpAndJdbc",
        "java.net.http.HttpClient",
        "java.sql.Connection");
  }

  @Test
  void custodyMayNotUseJdbc() {
    assertViolations(
        ModuleRules.CUSTODY_USES_NO_SPRING_KAFKA_OR_JDBC,
        "CustodyUsingJdbcAndTuf",
        "javax.sql.DataSource");
  }

  @Test
  void custodyMayNotUseTuf() {
    assertViolations(
        ModuleRules.CUSTODY_DOES_NOT_DEPEND_ON_TUF,
        "CustodyUsingJdbcAndTuf",
        TufReadingTheSystemClock.class.getName());
  }

  @Test
  void librariesMayNotCallServices() {
    assertViolations(
        ModuleRules.LIBRARIES_DO_NOT_DEPEND_ON_SERVICES,
        "TrustStoreCallingAService",
        ServiceComponent.class.getName());
  }

  @Test
  void contractsMayNotUseOtherModules() {
    assertViolations(
        ModuleRules.CONTRACTS_DEPEND_ON_NO_OTHER_MODULE,
        "ContractsCallingHttpAndJdbc",
        TufReadingTheSystemClock.class.getName());
  }

  @Test
  void librariesMayNotReadTheSystemClock() {
    assertViolations(
        ModuleRules.LIBRARIES_READ_TIME_FROM_AN_INJECTED_CLOCK,
        "TufReadingTheSystemClock",
        "java.time.Instant.now()",
        "java.lang.System.currentTimeMillis()",
        "java.time.Clock.systemUTC()",
        "java.util.Date.<init>()");
  }

  @Test
  void servicesMayReadTheSystemClock() {
    EvaluationResult result =
        ModuleRules.LIBRARIES_READ_TIME_FROM_AN_INJECTED_CLOCK.evaluate(
            new ClassFileImporter()
                .importClasses(ServiceComponent.class, TufReadingTheSystemClock.class));

    assertThat(result.getFailureReport().getDetails())
        .noneMatch(line -> line.contains(ServiceComponent.class.getSimpleName()));
  }

  @Test
  void aRuleWithNothingToCheckFailsInsteadOfPassing() {
    JavaClasses onlyAService = new ClassFileImporter().importClasses(ServiceComponent.class);

    assertThatThrownBy(() -> ModuleRules.TRUST_STORE_USES_NO_SPRING_OR_KAFKA.check(onlyAService))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed to check any classes");
  }

  private static void assertViolations(ArchRule rule, String violator, String... used) {
    assertThatThrownBy(() -> rule.check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(violator)
        .hasMessageContainingAll(used);
  }
}
