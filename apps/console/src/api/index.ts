/** The console's REST client: one ApiClient and its typed endpoints, shared by the whole console (and the panels). */
import { ApiClient } from './client.ts';
import { createEndpoints } from './endpoints.ts';

export { ApiClient, segment, type ApiClientOptions, type HttpMethod } from './client.ts';
export { ApiError, errorMessage, fieldErrorsByPath, normaliseFieldPath, toErrorBody } from './errors.ts';
export { createEndpoints, type ClusterPatch, type Endpoints, type GroupPatch, type NewGroup, type NewResource, type ResourcePatch } from './endpoints.ts';

/** The API under the console's own origin. */
export const apiClient = new ApiClient({ baseUrl: '/api/v1' });
export const api = createEndpoints(apiClient);
