import { Args } from './args';

/** What a command prints around an error's message. */
export interface CommandErrors {
  /** Before the message. @default '' */
  readonly prefix?: string;
  /** After the message. @default '' */
  readonly after?: string;
}

/** A command of the CLI: its usage, what it does, and how its errors read. */
export class Command {
  constructor(
    /** The usage lines. */
    public readonly usage: string,
    private readonly run: (args: Args) => number,
    private readonly errors: CommandErrors = {},
  ) {}

  /**
   * Runs the command with `argv` (its arguments); returns the exit code. An error prints its message, which
   * says what is wrong and the fix, without the stack (SYNTH_STACK=1 shows it), and exits 1.
   */
  public main(argv: string[]): number {
    try {
      return this.run(new Args(argv, this.usage));
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      process.stderr.write(`${this.errors.prefix ?? ''}${process.env.SYNTH_STACK ? error.stack : error.message}\n${this.errors.after ?? ''}`);
      return 1;
    }
  }
}
