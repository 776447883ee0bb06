#!/usr/bin/env node
/* The `clarifai-inputs` command: dispatches to one module per subcommand. */
import { quietIpServernameWarning } from './quiet-ip-servername';
import { runCli } from './run-cli';
import { keepYoungGenerationSmall } from './young-generation';

/**
 * How long the process may linger after its command is done. grpc-js cannot abort a TLS
 * handshake that a server never answers, and that socket would keep the process alive.
 */
const EXIT_GRACE_MS = 2000;

keepYoungGenerationSmall();
quietIpServernameWarning();
runCli(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  )
  .finally(() => setTimeout(() => process.exit(), EXIT_GRACE_MS).unref());
