import { EventValue } from './event-value';

// The params that wire a binding to a template: a binding fills a template's params by name, and a template
// param can be added for a binding's param. Apart from binding.ts and template.ts, so neither imports the other.

/** A param of a binding: a name and the event value bound to it. */
export class BindingParam {
  constructor(
    /** The param name: the name of the TriggerTemplate param it fills. */
    public readonly name: string,
    /** The value, resolved per event. */
    public readonly value: EventValue,
  ) {}
}

/** Options of {@link TriggerTemplate.addParam}. */
export interface TemplateParamOptions {
  /** `description`. @default - none */
  readonly description?: string;
  /** `default`, used when no binding supplies the param. @default - none: every trigger's bindings must supply it */
  readonly default?: string;
}

/** A param of a TriggerTemplate. Use it where the param's value goes: it renders `$(tt.params.<name>)`. */
export class TemplateParam {
  /** `$(tt.params.<name>)`, which Triggers replaces with the bound value. */
  public readonly ref: string;

  constructor(
    /** The param name. */
    public readonly name: string,
    /** The param's options. */
    public readonly options: TemplateParamOptions = {},
  ) {
    this.ref = `$(tt.params.${name})`;
  }

  /** The same as {@link ref}, so the param can be used inside a template string. */
  public toString(): string {
    return this.ref;
  }
}
