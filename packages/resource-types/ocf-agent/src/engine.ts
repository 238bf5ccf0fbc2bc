import { ocfTypeModule } from './ocf-type.ts';

/** The built-in "OCF Resource Agent" type: the agent is the resource's Agent property. */
export default ocfTypeModule();
