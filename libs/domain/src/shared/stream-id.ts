/** Stream ids are `<stream type>-<entity id>`, e.g. `shipment-kp-ru-2023-09`. */
export function streamIdOf(streamType: string, entityId: string): string {
  return `${streamType}-${entityId}`;
}
