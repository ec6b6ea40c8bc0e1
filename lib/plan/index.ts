// The public API of plan: what lib/index.ts re-exports.
export { formatPlanMarkdown, formatPlanText, PLAN_CHANGES, PLAN_NO_CHANGES, planHasChanges } from './format';
export { type ApplicationPlan, type ObjectChange, ObjectChangeKind, plan, type Plan, type PlanOptions } from './plan';
export { type FieldChange } from './structural-diff';
