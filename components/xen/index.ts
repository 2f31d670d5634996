/**
 * Component `xen` (/software/components/xen): a Dom0's guests as Xen domain
 * configs (xl, or xm for old hosts), their backing storage and running
 * domains. See plan.ts for what it does and in which order.
 */
import type { Component } from '../sdk/index.js';
import { planXen } from './plan.js';

export const component: Component = {
  name: 'xen',
  version: '1',
  // Volume groups for guest disks are made from the devices named there.
  watches: ['/system/blockdevices'],
  plan: planXen,
};
