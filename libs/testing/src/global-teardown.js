module.exports = async function globalTeardown() {
  await globalThis.__MALLCARE_PG__?.stop();
};
