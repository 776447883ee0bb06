/**
 * grpc-js sets the TLS server name (SNI) to the target's host even when that host is an IP
 * address, and Node then prints DEP0123 ("Setting the TLS ServerName to an IP address is not
 * permitted by RFC 6066") on stderr for every `--target 10.0.0.5:443`. The certificate is still
 * checked against the IP; only the SNI extension is affected, and Node drops it itself. Nothing
 * for a CLI user to act on, so the CLI drops that one warning; every other warning is printed.
 * (A library user keeps Node's default; `process.emitWarning` is wrapped only in the CLI.)
 */
export function quietIpServernameWarning(): void {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const [typeOrOptions, code] = rest;
    const warningCode = typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: string }).code : code;
    if (warningCode === 'DEP0123') return;
    (emit as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
