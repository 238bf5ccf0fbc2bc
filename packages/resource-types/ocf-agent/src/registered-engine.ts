import { ocfTypeModule } from './ocf-type.ts';
import type { AgentRef } from './agent.ts';

/*
 * The engine module `wolfpack type ocf-import` registers: this bundle with the agent
 * fixed. The import writes the agent's JSON over the placeholder below (fixAgent in
 * registered-type.ts), so the registered module is self-contained and runs on any node.
 */
const fixedAgent: string = '__WOLFPACK_OCF_AGENT__';

export default ocfTypeModule(JSON.parse(fixedAgent) as AgentRef);
