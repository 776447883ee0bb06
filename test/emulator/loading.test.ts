describe('loading the optional peers (better-sqlite3, selfsigned) only when needed', () => {
  afterEach(() => {
    jest.dontMock('better-sqlite3');
    jest.dontMock('selfsigned');
    jest.resetModules();
  });

  it('the main entry never loads better-sqlite3', () => {
    const loaded = jest.fn();
    jest.doMock('better-sqlite3', () => {
      loaded();
      return {};
    });
    jest.isolateModules(() => {
      require('../../src/index');
      require('../../src/grpc');
    });
    expect(loaded).not.toHaveBeenCalled();
  });

  it('importing the emulator entry does not load it either; starting does', async () => {
    const loaded = jest.fn();
    jest.doMock('better-sqlite3', () => {
      loaded();
      return jest.requireActual('better-sqlite3');
    });
    let start: typeof import('../../src/emulator').startEmulator = undefined as never;
    jest.isolateModules(() => {
      start = require('../../src/emulator').startEmulator;
    });
    expect(loaded).not.toHaveBeenCalled();
    const emulator = await start({ apiKeys: ['k'] });
    await emulator.close();
    expect(loaded).toHaveBeenCalledTimes(1);
  });

  it('says how to install better-sqlite3 when it is missing', async () => {
    jest.doMock('better-sqlite3', () => {
      throw Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' });
    });
    let start: typeof import('../../src/emulator').startEmulator = undefined as never;
    jest.isolateModules(() => {
      start = require('../../src/emulator').startEmulator;
    });
    await expect(start({ apiKeys: ['k'] })).rejects.toThrow('npm install better-sqlite3@12');
  });

  it('says that selfsigned is an optional peer dependency, and how to install it, when tls: true meets it missing', async () => {
    jest.doMock('selfsigned', () => {
      throw Object.assign(new Error("Cannot find module 'selfsigned'"), { code: 'MODULE_NOT_FOUND' });
    });
    let start: typeof import('../../src/emulator').startEmulator = undefined as never;
    jest.isolateModules(() => {
      start = require('../../src/emulator').startEmulator;
    });
    const refused = start({ apiKeys: ['k'], tls: true });
    await expect(refused).rejects.toThrow('needs selfsigned, an optional peer dependency: run `npm install selfsigned@5`');
    await expect(refused).rejects.not.toThrow('\n');
  });
});
