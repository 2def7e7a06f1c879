/**
 * Files leaving or entering the app: downloads (an object URL clicked as a link), the Web
 * Share API for a model file where the browser can share files, and files the operating
 * system opens with the installed app (manifest file_handlers + launchQueue, Chromium only).
 */

/** Saves a file through the browser's download. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Whether this browser can share `file` with other apps (Web Share API level 2). */
export function canShareFile(file: File): boolean {
  try {
    return typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] });
  } catch {
    return false;
  }
}

/** Opens the system share sheet; false when the user closed it. */
export async function shareFile(file: File, title: string): Promise<boolean> {
  try {
    await navigator.share({ files: [file], title });
    return true;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return false;
    throw e;
  }
}

/** `name` without its extension, plus a suffix: "toi.csv" -> "toi-classified.csv". */
export function derivedName(name: string, suffix: string, ext: string): string {
  const base = name.replace(/\.[^.]+$/, '') || 'results';
  return `${base}${suffix}.${ext}`;
}

interface LaunchParams {
  files: readonly FileSystemFileHandle[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

/**
 * Receives files the system opened with the app (a double-clicked .csv or .exoforest when
 * Exoforest is installed). Only files whose name ends with one of `extensions` are passed on.
 * Does nothing where the browser has no launch queue.
 */
export function onLaunchFiles(extensions: string[], handle: (files: File[]) => void): void {
  const queue = (globalThis as { launchQueue?: LaunchQueue }).launchQueue;
  if (!queue) return;
  queue.setConsumer((params) => {
    void Promise.all(params.files.map((h) => h.getFile())).then((files) => {
      const wanted = files.filter((f) =>
        extensions.some((ext) => f.name.toLowerCase().endsWith(ext))
      );
      if (wanted.length) handle(wanted);
    });
  });
}
