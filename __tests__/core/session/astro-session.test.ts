// Port of Astro 5.18.2 `packages/astro/test/units/sessions/astro-session.test.js` (27 tests).
// Adaptations for deliberate fixes: the mock cookie carries a well-formed ID (a malformed one is
// never used as a storage key); the mock storage is passed as an unstorage driver object (Astro's
// internal `'test'` driver does not exist here); "production"/"development" become the request's
// `isHttps`; the ignored `cookieOptions` key becomes `cookie: { httpOnly: false }`.
import { stringify as devalueStringify } from 'devalue';
import type { Driver } from 'unstorage';
import { AstroSession, createSessionStorage, resolveSessionConfig, type SessionConfig, type SessionCookieJar } from '../../../lib/core/session';
import type { SessionStorage } from '../../../lib/core/session';

const COOKIE_ID = '0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b';

const defaultMockCookies: SessionCookieJar = {
  set: () => {},
  delete: () => {},
  get: () => ({ value: COOKIE_ID }) as ReturnType<SessionCookieJar['get']>,
};

const stringify = (data: unknown) => JSON.parse(devalueStringify(data));

const defaultConfig: SessionConfig = { driver: 'memory', cookie: 'test-session', ttl: 60 };

interface MockStorage {
  get: (key: string) => Promise<unknown>;
  setItem: (key: string, value: string) => Promise<void>;
  removeItem?: (key: string) => Promise<void>;
}

const storages: SessionStorage[] = [];
afterEach(async () => {
  await Promise.all(storages.splice(0).map((s) => s.close()));
});

function createSession(config = defaultConfig, cookies = defaultMockCookies, mockStorage?: MockStorage, runtimeMode = 'production') {
  let resolvedInput = config;
  if (mockStorage) {
    const driver: Driver = {
      name: 'test',
      hasItem: async () => false,
      getKeys: async () => [],
      getItem: (key) => mockStorage.get(key) as Promise<any>,
      setItem: (key, value) => mockStorage.setItem(key, value),
      removeItem: (key) => mockStorage.removeItem?.(key) ?? Promise.resolve(),
    };
    resolvedInput = { ...config, driver };
  }
  const resolved = resolveSessionConfig(resolvedInput);
  const storage = createSessionStorage(resolved);
  storages.push(storage);
  return new AstroSession(cookies, resolved, () => storage, { isHttps: runtimeMode === 'production' });
}

describe('AstroSession - Basic Operations', () => {
  it('should set and get a value', async () => {
    const session = createSession();
    session.set('user', { id: 1, name: 'Test User' });
    expect(await session.get('user')).toEqual({ id: 1, name: 'Test User' });
  });

  it('should check if value exists', async () => {
    const session = createSession();
    session.set('key', 'value');
    expect(await session.has('key')).toBe(true);
    expect(await session.has('nonexistent')).toBe(false);
  });

  it('should delete a value', async () => {
    const session = createSession();
    session.set('key', 'value');
    session.delete('key');
    expect(await session.get('key')).toBeUndefined();
  });

  it('should list all keys', async () => {
    const session = createSession();
    session.set('key1', 'value1');
    session.set('key2', 'value2');
    expect([...(await session.keys())]).toEqual(['key1', 'key2']);
  });
});

describe('AstroSession - Cookie Management', () => {
  it('should set cookie on first value set', () => {
    let cookieSet = false;
    const session = createSession(defaultConfig, { ...defaultMockCookies, set: () => void (cookieSet = true) });
    session.set('key', 'value');
    expect(cookieSet).toBe(true);
  });

  it('should delete cookie on destroy', () => {
    let cookieDeletedArgs: { path?: string } | undefined;
    let cookieDeletedName: string | undefined;
    const mockCookies: SessionCookieJar = {
      ...defaultMockCookies,
      delete: (name, args) => {
        cookieDeletedName = name;
        cookieDeletedArgs = args;
      },
    };
    const session = createSession(defaultConfig, mockCookies);
    session.destroy();
    expect(cookieDeletedName).toBe('test-session');
    expect(cookieDeletedArgs?.path).toBe('/');
  });
});

describe('AstroSession - Session Regeneration', () => {
  it('should preserve data when regenerating session', async () => {
    const session = createSession();
    session.set('key', 'value');
    await session.regenerate();
    expect(await session.get('key')).toBe('value');
  });

  it('should generate new session ID on regeneration', async () => {
    const session = createSession();
    const initialId = session.sessionID;
    await session.regenerate();
    expect(session.sessionID).not.toBe(initialId);
  });
});

describe('AstroSession - Data Persistence', () => {
  it('should persist data to storage', async () => {
    let storedData: string | undefined;
    const mockStorage: MockStorage = {
      get: async () => null,
      setItem: async (_key, value) => void (storedData = value),
    };
    const session = createSession(defaultConfig, defaultMockCookies, mockStorage);
    session.set('key', 'value');
    await session.persist();
    expect(storedData).toContain('value');
  });

  it('should load data from storage', async () => {
    const mockStorage: MockStorage = {
      get: async () => stringify(new Map([['key', { data: 'value' }]])),
      setItem: async () => {},
    };
    const session = createSession(defaultConfig, defaultMockCookies, mockStorage);
    expect(await session.get('key')).toBe('value');
  });

  it('should remove expired session data', async () => {
    const mockStorage: MockStorage = {
      get: async () => stringify(new Map([['key', { data: 'value', expires: -1 }]])),
      setItem: async () => {},
    };
    const session = createSession(defaultConfig, defaultMockCookies, mockStorage);
    expect(await session.get('key')).toBeUndefined();
  });
});

describe('AstroSession - Error Handling', () => {
  it('should throw error when setting invalid data', () => {
    const session = createSession();
    expect(() => session.set('key', { fun() {} })).toThrow(/could not be serialized/);
  });

  it('should throw error when setting empty key', () => {
    const session = createSession();
    expect(() => session.set('', 'value')).toThrow(/key was not provided/);
  });

  it('should handle corrupted storage data', async () => {
    const mockStorage: MockStorage = { get: async () => 'invalid-json', setItem: async () => {} };
    const session = createSession(defaultConfig, defaultMockCookies, mockStorage);
    await expect(session.get('key')).rejects.toThrow(/could not be parsed/);
  });
});

describe('AstroSession - Configuration', () => {
  it('should use custom cookie name from config', () => {
    let cookieName: string | undefined;
    const session = createSession({ ...defaultConfig, cookie: 'custom-session' }, { ...defaultMockCookies, set: (name) => void (cookieName = name) });
    session.set('key', 'value');
    expect(cookieName).toBe('custom-session');
  });

  it('should use default cookie name if not specified', () => {
    let cookieName: string | undefined;
    const session = createSession({ ...defaultConfig, cookie: undefined }, { ...defaultMockCookies, set: (name) => void (cookieName = name) });
    session.set('key', 'value');
    expect(cookieName).toBe('astro-session');
  });
});

describe('AstroSession - Sparse Data Operations', () => {
  it('should handle multiple operations in sparse mode', async () => {
    const existingData = stringify(
      new Map([
        ['keep', { data: 'original' }],
        ['delete', { data: 'remove' }],
        ['update', { data: 'old' }],
      ]),
    );
    const session = createSession(defaultConfig, defaultMockCookies, { get: async () => existingData, setItem: async () => {} });
    session.delete('delete');
    session.set('update', 'new');
    session.set('new', 'value');
    expect(await session.get('keep')).toBe('original');
    expect(await session.get('delete')).toBeUndefined();
    expect(await session.get('update')).toBe('new');
    expect(await session.get('new')).toBe('value');
  });

  it('should persist deleted state across multiple operations', async () => {
    const existingData = stringify(new Map([['key', 'value']]));
    const session = createSession(defaultConfig, defaultMockCookies, { get: async () => existingData, setItem: async () => {} });
    session.delete('key');
    expect(await session.get('key')).toBeUndefined();
    expect(await session.has('key')).toBe(false);
    session.set('other', 'value');
    expect(await session.get('key')).toBeUndefined();
  });

  it('should maintain deletion after persistence', async () => {
    let storedData: unknown;
    const mockStorage: MockStorage = {
      get: async () => storedData || stringify(new Map([['key', 'value']])),
      setItem: async (_key, value) => void (storedData = value),
    };
    const session = createSession(defaultConfig, defaultMockCookies, mockStorage);
    session.delete('key');
    await session.persist();
    const newSession = createSession(defaultConfig, defaultMockCookies, { get: async () => storedData, setItem: async () => {} });
    expect(await newSession.get('key')).toBeUndefined();
  });

  it('should update existing values in sparse mode', async () => {
    const existingData = stringify(new Map([['key', 'old']]));
    const session = createSession(defaultConfig, defaultMockCookies, { get: async () => existingData, setItem: async () => {} });
    session.set('key', 'new');
    expect(await session.get('key')).toBe('new');
    expect([...(await session.keys())]).toEqual(['key']);
  });
});

describe('AstroSession - Cleanup Operations', () => {
  it('should clean up destroyed sessions on persist', async () => {
    const removedKeys = new Set<string>();
    const session = createSession(defaultConfig, defaultMockCookies, {
      get: async () => stringify(new Map([['key', 'value']])),
      setItem: async () => {},
      removeItem: async (key) => void removedKeys.add(key),
    });
    session.set('key', 'value');
    const oldId = session.sessionID!;
    session.destroy();
    await session.persist();
    expect(removedKeys.has(oldId)).toBe(true);
  });

  it("should destroy sessions that haven't been loaded", async () => {
    const removedKeys = new Set<string>();
    const session = createSession(defaultConfig, defaultMockCookies, {
      get: async () => stringify(new Map([['key', 'value']])),
      setItem: async () => {},
      removeItem: async (key) => void removedKeys.add(key),
    });
    session.destroy();
    await session.persist();
    expect(removedKeys.size).toBe(1);
  });
});

describe('AstroSession - Cookie Security', () => {
  const capture = () => {
    const seen: { options?: Parameters<SessionCookieJar['set']>[2] } = {};
    const cookies: SessionCookieJar = { ...defaultMockCookies, set: (_name, _value, options) => void (seen.options = options) };
    return { seen, cookies };
  };

  it('should enforce httpOnly cookie setting', () => {
    const { seen, cookies } = capture();
    const config = { ...defaultConfig, cookie: { httpOnly: false } as SessionConfig['cookie'] };
    createSession(config, cookies).set('key', 'value');
    expect(seen.options?.httpOnly).toBe(true);
  });

  it('should set secure and sameSite by default in production', () => {
    const { seen, cookies } = capture();
    createSession(defaultConfig, cookies).set('key', 'value');
    expect(seen.options?.secure).toBe(true);
    expect(seen.options?.sameSite).toBe('lax');
  });

  it('should set secure to false in development', () => {
    const { seen, cookies } = capture();
    createSession(defaultConfig, cookies, undefined, 'development').set('key', 'value');
    expect(seen.options?.secure).toBe(false);
    expect(seen.options?.sameSite).toBe('lax');
  });
});

describe('AstroSession - Storage Errors', () => {
  it('should handle storage setItem failures', async () => {
    const session = createSession(defaultConfig, defaultMockCookies, {
      get: async () => stringify(new Map()),
      setItem: async () => {
        throw new Error('Storage full');
      },
    });
    session.set('key', 'value');
    await expect(session.persist()).rejects.toThrow(/Storage full/);
  });

  it('should handle invalid Map data', async () => {
    const session = createSession(defaultConfig, defaultMockCookies, { get: async () => stringify({ notAMap: true }), setItem: async () => {} });
    await expect(session.get('key')).rejects.toThrow(/The session data was an invalid type/);
  });
});
