/**
 * The LinkedIn sandbox cuts a commentary where LinkedIn would, and the LinkedIn adapter refuses to
 * send one that would be cut: both read the one rule in src/platforms/little-text.ts.
 */
export { firstUnescapedReserved, LITTLE_TEXT_RESERVED } from '../src/platforms/little-text.ts';
