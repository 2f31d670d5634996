/**
 * Component `filesystems`: /system/blockdevices and /system/filesystems made
 * real on the host -- partitions, LVM, block-device files, filesystems,
 * /etc/fstab's managed part, mounts -- without ever destroying data. See
 * plan.ts for what it does and in which order.
 */
import type { Component } from '../sdk/index.js';
import { planFilesystemsComponent } from './plan.js';

export const component: Component = {
  name: 'filesystems',
  version: '1',
  watches: ['/system/blockdevices', '/system/filesystems', '/hardware/harddisks'],
  plan: planFilesystemsComponent,
};
