module.exports = {
  displayName: 'sdk',
  preset: '../../jest.preset.js',
  // Browser code is tested with small fakes of document, window and fetch (no jsdom here).
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // Sources import each other as './x.js' (ESM output); jest runs the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: '../../coverage/libs/sdk',
};
