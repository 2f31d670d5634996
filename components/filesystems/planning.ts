/** What the filesystems component's planning steps share while they build one plan. */
import type { ComponentContext, PlanBuilder, Refusals } from '../sdk/index.js';
import type { LvmView, VgSpace } from '../storage/lvm.js';
import type { FilesystemsSpec } from './model.js';

export interface FsPlanning {
  ctx: ComponentContext;
  spec: FilesystemsSpec;
  b: PlanBuilder;
  refusals: Refusals;
  view: LvmView;
  space: VgSpace;
  /** Devices and files this plan makes (path -> bytes, when known): they hold nothing yet. */
  fresh: Map<string, number | undefined>;
  /** Devices and files that do not exist and that this plan does not make. */
  absent: Set<string>;
  /** How fstab may name a filesystem's device besides its path (UUID=..., LABEL=...), by filesystem index. */
  aliases: Map<number, string[]>;
}
