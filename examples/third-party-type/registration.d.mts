import type { RegisterResourceTypeRequest, ResourceTypeManifest } from '@wolfpack/contracts';
/** The example's folder. */
export declare const exampleDir: string;
/** The POST /api/v1/resource-types body of the example type, built first when needed. */
export declare function exampleRegistration(options?: {
  variant?: 'working' | 'broken' | 'incompatible';
}): Promise<RegisterResourceTypeRequest & { manifest: ResourceTypeManifest; panelModule: string }>;
