// The tray icon, drawn in code: the repository has no raster icon and Electron's tray cannot
// load an SVG. A filled disc in Loket's blue with a lighter ring, as BGRA pixels for
// `nativeImage.createFromBitmap`. Pure, so it is tested without Electron.

const FILL = { b: 0xeb, g: 0x63, r: 0x25 } as const; // #2563eb
const RING = { b: 0xff, g: 0xff, r: 0xff } as const;

export function trayIconBitmap(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const outer = size / 2 - 0.5;
  const inner = outer * 0.55;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      if (distance > outer) continue;
      const colour = distance > inner && distance < inner + Math.max(1, size / 10) ? RING : FILL;
      const offset = (y * size + x) * 4;
      pixels[offset] = colour.b;
      pixels[offset + 1] = colour.g;
      pixels[offset + 2] = colour.r;
      pixels[offset + 3] = 0xff;
    }
  }
  return pixels;
}
