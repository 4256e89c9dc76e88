import nock from 'nock';

// nock patches Node's http module, which jest shares between test files in one worker: leave it clean
// after each file so the next file's nock (or its real loopback traffic) starts from a known state.
afterAll(() => {
	nock.cleanAll();
	nock.enableNetConnect();
	nock.restore();
});
