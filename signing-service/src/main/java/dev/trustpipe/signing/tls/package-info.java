/**
 * TLS material of the Notary API: a local ECDSA P-256 CA under {@code ${trustpipe.home}/tls} that
 * issues the HTTPS server certificate (or an operator-supplied certificate and key instead). JDK,
 * Bouncy Castle and Spring Boot configuration only; must never import other TrustPipe packages.
 */
package dev.trustpipe.signing.tls;
