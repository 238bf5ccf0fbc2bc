export { invokeControl, type ControlOutcome, type InvokeControlOptions } from './invoke-control.ts';
