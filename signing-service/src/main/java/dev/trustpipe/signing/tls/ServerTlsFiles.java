package dev.trustpipe.signing.tls;

import java.nio.file.Path;

/**
 * PEM files the HTTPS connector serves.
 *
 * @param caCertificate the local CA clients must trust ({@code ca.crt}); null when the operator
 *     supplied the server certificate
 * @param certificateChain server certificate first, then its issuers
 * @param privateKey the server certificate's private key (PKCS#8 or SEC1/PKCS#1 PEM)
 */
public record ServerTlsFiles(Path caCertificate, Path certificateChain, Path privateKey) {}
