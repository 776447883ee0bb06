/* `make demo`: until the emulator and client land, say what the walkthrough will do. */
console.log(`clarifai-inputs demo
The walkthrough starts a local emulator on a temporary SQLite file and a loopback HTTP server for
sample images, then adds inputs by URL and by bytes, with ids, concepts and metadata, waits for
processing, lists page by page, streams with last_id both ways, counts, patches and deletes.
It needs the emulator and InputsClient, which are not built yet.`);
