/**
 * The Notary v1 HTTP API of the signing-service (shared/docs NOTARY-API.md §1-5, §8, §13): one
 * servlet on {@code /v2/*} and {@code /_notary_server/health} that routes raw paths like
 * notary-server's gorilla/mux router and serves stored metadata bytes verbatim, with
 * notary-server's status codes, headers and error bodies. It reads through the {@link
 * dev.trustpipe.signing.notary.TrustMetadataReader} port only; it must never import the trust
 * store, custody, Kafka or the signing pipeline. Depends on Spring Web/Tomcat, the JDK and {@code
 * dev.trustpipe.signing.tls}.
 */
package dev.trustpipe.signing.notary;
