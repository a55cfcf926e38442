// testTimeout is a global Jest option, not a project one: each tier sets its own.
jest.setTimeout(300_000);
