package dev.trustpipe.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;

/**
 * The layering TrustPipe keeps: core libraries know nothing of Spring, Kafka, JDBC, HTTP or Vault
 * clients beyond what each one owns, never reach into services, and read time only from an injected
 * {@link Clock}.
 *
 * <p>No rule uses {@code allowEmptyShould(true)}: every rule's subject is a library module that
 * must have classes, so a rule that finds none fails (ArchUnit's default) instead of passing
 * vacuously when a module is missing from the classpath. The packages on the <em>forbidden</em>
 * side (e.g. the ingest or audit services, not written yet) may be empty; that never makes a rule
 * pass wrongly.
 */
final class ModuleRules {

  static final String CONTRACTS = "dev.trustpipe.contracts..";
  static final String TUF = "dev.trustpipe.tuf..";
  static final String CUSTODY = "dev.trustpipe.custody..";
  static final String TRUST_STORE = "dev.trustpipe.truststore..";

  static final String[] LIBRARIES = {CONTRACTS, TUF, CUSTODY, TRUST_STORE};

  static final String[] SERVICES = {
    "dev.trustpipe.signing..",
    "dev.trustpipe.ingest..",
    "dev.trustpipe.timestamp..",
    "dev.trustpipe.audit..",
    "dev.trustpipe.standalone.."
  };

  private static final String SPRING = "org.springframework.."; // Spring Vault included
  private static final String KAFKA = "org.apache.kafka..";
  private static final String[] JDBC = {"java.sql..", "javax.sql.."};
  private static final String[] HTTP = {"java.net.http..", "jakarta.servlet.."};
  private static final String[] VAULT_CLIENTS = {
    "io.github.jopenlibs..", "org.springframework.vault.."
  };

  static final ArchRule CONTRACTS_AND_TUF_USE_NO_FRAMEWORK_OR_IO =
      noClasses()
          .that()
          .resideInAnyPackage(CONTRACTS, TUF)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(new String[] {SPRING, KAFKA}, JDBC, HTTP, VAULT_CLIENTS))
          .because(
              "contracts and libs/tuf are pure: event shapes and TUF logic, no Spring, Kafka,"
                  + " JDBC, HTTP or Vault (DESIGN.md, Modules)");

  static final ArchRule CUSTODY_USES_NO_SPRING_KAFKA_OR_JDBC =
      noClasses()
          .that()
          .resideInAPackage(CUSTODY)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(new String[] {SPRING, KAFKA}, JDBC))
          .because(
              "key custody talks to Vault, HSMs and files, never to Spring, Kafka or a database");

  static final ArchRule TRUST_STORE_USES_NO_SPRING_OR_KAFKA =
      noClasses()
          .that()
          .resideInAPackage(TRUST_STORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SPRING, KAFKA)
          .because("the trust store is plain JDBC, shared by services that bring their own Spring");

  static final ArchRule LIBRARIES_DO_NOT_DEPEND_ON_SERVICES =
      noClasses()
          .that()
          .resideInAnyPackage(LIBRARIES)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SERVICES)
          .because("services depend on libraries, never the reverse");

  static final ArchRule CUSTODY_DOES_NOT_DEPEND_ON_TUF =
      noClasses()
          .that()
          .resideInAPackage(CUSTODY)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(TUF)
          .because(
              "custody signs bytes; TUF adapts to it in the services, not the other way round");

  static final ArchRule CONTRACTS_DEPEND_ON_NO_OTHER_MODULE =
      noClasses()
          .that()
          .resideInAPackage(CONTRACTS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(new String[] {TUF, CUSTODY, TRUST_STORE}, SERVICES))
          .because("every module reads and writes events; contracts must not pull any of them in");

  static final ArchRule LIBRARIES_READ_TIME_FROM_AN_INJECTED_CLOCK =
      noClasses()
          .that()
          .resideInAnyPackage(LIBRARIES)
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .orShould()
          .callMethod(LocalDate.class, "now")
          .orShould()
          .callMethod(LocalTime.class, "now")
          .orShould()
          .callMethod(LocalDateTime.class, "now")
          .orShould()
          .callMethod(OffsetDateTime.class, "now")
          .orShould()
          .callMethod(ZonedDateTime.class, "now")
          .orShould()
          .callConstructor(Date.class)
          .because(
              "expiry is the heart of the product: library code takes a java.time.Clock so tests"
                  + " pin time; services may read the system clock and pass it in");

  private ModuleRules() {}

  private static String[] concat(String[]... groups) {
    return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
