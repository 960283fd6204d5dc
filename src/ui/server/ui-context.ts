// What the UI server knows besides the store: the gateway config given to `yardstick ui --config` (for the
// Routes page and the monitors' margins), how to gather a route's qualification basis now (staleness), and the
// folder captured cases may be written under.
import type { LoadedGatewayConfig, ResolvedRoute } from '../../gateway/load-gateway-config.js';
import type { QualificationBasis } from '../../scorecard/qualification-staleness.js';

export interface UiContext {
  gateway?: LoadedGatewayConfig | undefined;
  /** The basis a route's record is compared with; `yardstick ui` passes the CLI's, which loads the suite. */
  basisOf?: ((route: ResolvedRoute) => Promise<QualificationBasis>) | undefined;
  /** `--capture-dir`: captured cases go to files under it; else under the folder of the route's qualify suite. */
  captureDir?: string | undefined;
  now?: () => number;
}
