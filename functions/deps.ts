import type { ArchivePorts } from '#shared/archive/ports';
import type { AuthDeps } from '#shared/http/auth';

/** What route handlers get: storage ports and the caller check, built once per cold start. */
export interface RouteDeps {
  ports: ArchivePorts;
  auth: AuthDeps;
}
