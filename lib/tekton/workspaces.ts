import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { PipelineWorkspaceDeclaration, WorkspaceDeclaration } from './api';
import { validateLabel } from './names';

/** Options of `task.addWorkspace`. */
export interface TaskWorkspaceOptions {
  /** What the workspace holds. @default - none */
  readonly description?: string;
  /** The Task runs without it; check `$(workspaces.name.bound)` before using it. @default false */
  readonly optional?: boolean;
  /** Mount it read-only. @default false */
  readonly readOnly?: boolean;
  /** Where steps see it. @default `/workspace/<name>` */
  readonly mountPath?: string;
}

/** What a Pipeline needs to know about one workspace of a Task. */
export interface WorkspaceInfo {
  /** The workspace's name. */
  readonly name: string;
  /** True when the workspace may be left unbound. */
  readonly optional: boolean;
}

/**
 * A workspace a Task declares. `.path` renders `$(workspaces.name.path)` for steps.
 *
 * @example
 * const source = task.addWorkspace('source');
 * task.addStep({ name: 'test', image: GO_IMAGE, workingDir: source.path, script: '#!/bin/sh\ngo test ./...\n' });
 */
export class TaskWorkspace implements WorkspaceInfo {
  /** @internal */
  public static create(owner: IConstruct, name: string, options: TaskWorkspaceOptions = {}): TaskWorkspace {
    validateLabel(owner, 'spec.workspaces', name);
    if (options.mountPath !== undefined && !options.mountPath.startsWith('/') && !options.mountPath.startsWith('$(')) {
      fail(owner, `spec.workspaces[${name}].mountPath`, options.mountPath, 'is not an absolute path', 'Start it with \'/\'');
    }
    return new TaskWorkspace(owner, name, options);
  }

  /** True when the Task runs without it. */
  public readonly optional: boolean;

  private constructor(
    /** The Task that declares it. */
    public readonly owner: IConstruct,
    /** The workspace's name. */
    public readonly name: string,
    private readonly options: TaskWorkspaceOptions) {
    this.optional = options.optional ?? false;
  }

  /** The directory steps see it at: `$(workspaces.name.path)`. */
  public get path(): string {
    return `$(workspaces.${this.name}.path)`;
  }

  /** `"true"` when the run bound it: `$(workspaces.name.bound)` (for optional workspaces). */
  public get bound(): string {
    return `$(workspaces.${this.name}.bound)`;
  }

  /** The PersistentVolumeClaim's name, or empty: `$(workspaces.name.claim)`. */
  public get claim(): string {
    return `$(workspaces.${this.name}.claim)`;
  }

  /** The volume's name: `$(workspaces.name.volume)`. */
  public get volume(): string {
    return `$(workspaces.${this.name}.volume)`;
  }

  /** The mount path the workspace gets: as given, else `/workspace/<name>`. */
  public get mountPath(): string {
    return this.options.mountPath ?? `/workspace/${this.name}`;
  }

  /** The `spec.workspaces[]` entry. */
  public toSpec(): WorkspaceDeclaration {
    const o = this.options;
    return {
      name: this.name,
      ...(o.description ? { description: o.description } : {}),
      ...(o.mountPath ? { mountPath: o.mountPath } : {}),
      ...(o.readOnly ? { readOnly: true } : {}),
      ...(o.optional ? { optional: true } : {}),
    };
  }
}

/** Options of `pipeline.addWorkspace`. */
export interface PipelineWorkspaceOptions {
  /** What the workspace holds. @default - none */
  readonly description?: string;
  /** A run may leave it unbound. @default false */
  readonly optional?: boolean;
}

/**
 * A workspace a Pipeline declares; bind it to its tasks' workspaces, whole or a sub-directory.
 *
 * @example
 * const shared = pipeline.addWorkspace('shared-workspace');
 * pipeline.addTask('fetch', gitClone, { workspaces: { output: shared.subPath('app') } });
 */
export class PipelineWorkspace implements WorkspaceInfo {
  /** @internal */
  public static create(owner: IConstruct, name: string, options: PipelineWorkspaceOptions = {}): PipelineWorkspace {
    validateLabel(owner, 'spec.workspaces', name);
    return new PipelineWorkspace(owner, name, options);
  }

  /** True when a run may leave it unbound. */
  public readonly optional: boolean;

  private constructor(
    /** The Pipeline that declares it. */
    public readonly owner: IConstruct,
    /** The workspace's name. */
    public readonly name: string,
    private readonly options: PipelineWorkspaceOptions) {
    this.optional = options.optional ?? false;
  }

  /** `"true"` when the run bound it: `$(workspaces.name.bound)`, for `when` expressions. */
  public get bound(): string {
    return `$(workspaces.${this.name}.bound)`;
  }

  /** A binding of a sub-directory of this workspace. */
  public subPath(subPath: string): WorkspaceBinding {
    if (subPath.startsWith('/') || subPath.split('/').includes('..')) {
      fail(this.owner, `spec.workspaces[${this.name}]`, subPath, 'is not a relative path inside the workspace', 'Use a path such as \'app\' or \'repos/app\'');
    }
    return new WorkspaceBinding(this, subPath);
  }

  /** The `spec.workspaces[]` entry. */
  public toSpec(): PipelineWorkspaceDeclaration {
    return {
      name: this.name,
      ...(this.options.description ? { description: this.options.description } : {}),
      ...(this.options.optional ? { optional: true } : {}),
    };
  }
}

/** A Pipeline workspace bound to a task's workspace, optionally at a sub-directory. */
export class WorkspaceBinding {
  /** @internal */
  constructor(
    /** The Pipeline's workspace. */
    public readonly workspace: PipelineWorkspace,
    /** The sub-directory. */
    public readonly subPath?: string) {}
}
