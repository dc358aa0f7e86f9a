// The media engine's device functions, in one place: the settings section uses them, and the
// component tests replace this module instead of reaching into renderer/media.
export type { AudioDevices, DeviceOption } from '../../media/devices.ts';
export { listAudioDevices, playTestTone, startLevelMeter, watchDevices } from '../../media/devices.ts';
