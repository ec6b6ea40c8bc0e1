import { IConstruct } from 'constructs';
import { IResource } from '../core/resource';

/**
 * A Flux object that other objects point at by kind and name: a `GitRepository`, `ImageRepository` or
 * `ImagePolicy` construct of this app.
 */
export interface IFluxObject extends IResource, IConstruct {}
