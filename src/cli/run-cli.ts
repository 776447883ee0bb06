/** Maps a subcommand name to the module that runs it. Each command resolves to an exit code. */
export type CommandRunner = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<CommandRunner>> = {
  emulator: async () => (await import('./commands/emulator')).runEmulatorCommand,
};

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    console.error(`usage: clarifai-inputs <${Object.keys(commands).join('|')}> [options]`);
    return name === undefined || name === '--help' ? 0 : 2;
  }
  return (await load())(rest);
}
