/** Which Data field a file or URL goes into, decided by its extension. */
export type MediaKind = 'image' | 'video' | 'audio' | 'text';

const EXTENSIONS: Record<MediaKind, string[]> = {
  image: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'tif', 'tiff'],
  video: ['mp4', 'mov', 'avi', 'mkv', 'webm', 'm4v', 'mpeg', 'mpg'],
  audio: ['mp3', 'wav', 'flac', 'ogg', 'm4a', 'aac', 'opus'],
  text: ['txt', 'md', 'csv', 'json', 'html'],
};

const byExtension = new Map<string, MediaKind>(
  Object.entries(EXTENSIONS).flatMap(([kind, exts]) => exts.map((ext) => [ext, kind as MediaKind] as const)),
);

/** The kind for a path or URL, or undefined when the extension is not one we know. */
export function mediaKindOf(pathOrUrl: string): MediaKind | undefined {
  let name = pathOrUrl;
  try {
    if (/^https?:\/\//i.test(pathOrUrl)) name = new URL(pathOrUrl).pathname;
  } catch {
    // not a URL after all: use the text as is
  }
  const ext = extensionOf(name);
  return ext ? byExtension.get(ext) : undefined;
}

/** A file name's extension, lower case and without the dot, or undefined. */
export function extensionOf(name: string): string | undefined {
  return /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
}

export function isMediaKind(value: string): value is MediaKind {
  return value in EXTENSIONS;
}
