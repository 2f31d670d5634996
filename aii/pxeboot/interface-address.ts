/**
 * Choosing where DHCP broadcasts go. Node has no SO_BINDTODEVICE, so the
 * client binds its sending socket to the IPv4 address of the chosen
 * interface: for the limited broadcast 255.255.255.255 Linux then sends out
 * of the device that owns the source address (ip_route_output_key's special
 * case for bound broadcast/multicast senders). Replies, broadcast by the
 * server because the client sets the broadcast flag, are received on a
 * second socket bound to 0.0.0.0:68.
 */
import { networkInterfaces } from 'node:os';
import { PxebootError } from './errors.js';

export function interfaceIpv4(name: string): string {
  const addresses = networkInterfaces()[name];
  if (!addresses) throw new PxebootError(`network interface ${name} not found`);
  const v4 = addresses.find((a) => a.family === 'IPv4');
  if (!v4) {
    throw new PxebootError(
      `network interface ${name} has no IPv4 address; panfab pxeboot sends its DHCP broadcast from that address (give the bridge one, or run pxeboot in a network namespace whose only route is that interface and omit --interface)`,
    );
  }
  return v4.address;
}
