/** The arguments of a command, with `--name <value>` options taken out. */
export class Args {
  constructor(private rest: string[], private readonly usage: string) {}

  /** Takes `--name <value>` out: the value, or undefined when the option is absent. */
  public option(name: string, what: string): string | undefined {
    const at = this.rest.indexOf(name);
    if (at < 0) return undefined;
    const value = this.rest[at + 1];
    if (value === undefined || value.startsWith('--')) throw this.error(`${name} needs ${what}`);
    this.rest = this.rest.filter((_, i) => i !== at && i !== at + 1);
    return value;
  }

  /** Takes the flag `--name` out: whether it was given. */
  public flag(name: string): boolean {
    const given = this.rest.includes(name);
    this.rest = this.rest.filter(a => a !== name);
    return given;
  }

  /** The arguments left, which must be positional; between `min` and `max` of them. */
  public positional(min: number, max: number): string[] {
    const unknown = this.rest.filter(a => a.startsWith('--'));
    if (unknown.length) throw this.error(`unknown option ${unknown.join(', ')}`);
    if (this.rest.length < min || this.rest.length > max) {
      throw this.error(this.rest.length > max ? `unexpected ${this.rest.slice(max).join(' ')}` : 'missing arguments');
    }
    return this.rest;
  }

  /** An error that shows the usage. */
  public error(what: string): Error {
    return new Error(`${what}.\n${this.usage}`);
  }
}
