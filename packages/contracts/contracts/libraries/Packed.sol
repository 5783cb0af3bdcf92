// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title Packed
 * @notice Bit layouts of the hand-packed storage words of the registry and the token.
 *
 * Why hand-packed: a transfer reads and writes one word per wallet and one per investor on each side.
 * Solidity's packed structs write field by field and cost 3.4k–12k gas more per transfer (benchmarks.md).
 *
 * Investor attributes (bits 0–137), identical in the registry's record and the token's copy, so the
 * registry pushes `record & ATTRS_MASK` into every token class without re-encoding:
 *   [0,16) country (ISO 3166-1 numeric) · [16,56) KYC expiry · [56,96) accreditation expiry ·
 *   [96,136) lock-up until · 136 US person · 137 frozen.
 * Registry record only:  138 exists · [160,192) wallet count.
 * Token investor word only: 138 synced · 139 counted as non-accredited holder · 140 country allowed (cached)
 *   · [141,160) country-list epoch of that cache · [160,256) class balance.
 *
 * Token wallet word: [0,96) balance · [96,192) frozen (partial) amount · [192,240) investor id · 240 frozen.
 * Token config word: 0 paused · 1 accreditation required · 2 Reg S class · [3,5) country rule
 *   (0 off, 1 allow-list, 2 deny-list) · [8,48) transfers locked until · [48,88) Reg S distribution end ·
 *   [96,192) max balance per investor (0 = none) · [192,211) country-list epoch (bumped on every list change).
 * Token supply word: [0,96) total supply · [96,128) holders · [128,160) non-accredited holders ·
 *   [160,192) max holders (0 = none) · [192,224) max non-accredited holders (0 = none).
 *
 * Timestamps are Unix seconds in 40 bits (good until year 36812). Amounts are 96 bits: the total supply
 * is capped at 2^96-1 base units, so no balance can overflow its field.
 */
library Packed {
    uint256 internal constant ATTRS_MASK = (1 << 138) - 1;
    uint256 internal constant U16 = 0xffff;
    uint256 internal constant U32 = 0xffffffff;
    uint256 internal constant U40 = 0xffffffffff;
    uint256 internal constant U48 = 0xffffffffffff;
    uint256 internal constant U96 = (1 << 96) - 1;

    // ---- investor attributes (shared) ----
    uint256 internal constant US_PERSON = 1 << 136;
    uint256 internal constant INVESTOR_FROZEN = 1 << 137;
    // registry record
    uint256 internal constant EXISTS = 1 << 138;
    // token investor word
    uint256 internal constant SYNCED = 1 << 138;
    uint256 internal constant COUNTED_NON_ACCREDITED = 1 << 139;
    uint256 internal constant COUNTRY_OK = 1 << 140;
    uint256 internal constant COUNTRY_EPOCH_SHIFT = 141;
    uint256 internal constant COUNTRY_EPOCH_MASK = (1 << 19) - 1;
    /// @dev The jurisdiction verdict cached in a token's investor word: the allowed bit and its epoch.
    uint256 internal constant COUNTRY_CACHE = COUNTRY_OK | (COUNTRY_EPOCH_MASK << COUNTRY_EPOCH_SHIFT);
    uint256 internal constant CONFIG_EPOCH_SHIFT = 192;

    // ---- token wallet word ----
    uint256 internal constant WALLET_FROZEN = 1 << 240;

    // ---- token config word ----
    uint256 internal constant PAUSED = 1;
    uint256 internal constant REQUIRE_ACCREDITATION = 1 << 1;
    uint256 internal constant REG_S = 1 << 2;
    uint256 internal constant COUNTRY_RULE_SHIFT = 3;
    uint256 internal constant COUNTRY_RULE_OFF = 0;
    uint256 internal constant COUNTRY_RULE_ALLOW = 1;
    uint256 internal constant COUNTRY_RULE_DENY = 2;

    function country(uint256 inv) internal pure returns (uint256) {
        return inv & U16;
    }

    function kycExpiry(uint256 inv) internal pure returns (uint256) {
        return (inv >> 16) & U40;
    }

    function accreditationExpiry(uint256 inv) internal pure returns (uint256) {
        return (inv >> 56) & U40;
    }

    function lockupUntil(uint256 inv) internal pure returns (uint256) {
        return (inv >> 96) & U40;
    }

    function packAttrs(
        uint16 country_,
        uint40 kycExpiry_,
        uint40 accreditationExpiry_,
        uint40 lockupUntil_,
        bool usPerson,
        bool frozen
    ) internal pure returns (uint256 w) {
        w = uint256(country_) | (uint256(kycExpiry_) << 16) | (uint256(accreditationExpiry_) << 56)
            | (uint256(lockupUntil_) << 96);
        if (usPerson) w |= US_PERSON;
        if (frozen) w |= INVESTOR_FROZEN;
    }

    /// @dev Accredited at `t`: an accreditation that expires strictly after `t` (now ≥ expiry is expired).
    function isAccredited(uint256 inv, uint256 t) internal pure returns (bool) {
        return accreditationExpiry(inv) > t;
    }

    // registry record
    function walletCount(uint256 rec) internal pure returns (uint256) {
        return (rec >> 160) & U32;
    }

    function withWalletCount(uint256 rec, uint256 n) internal pure returns (uint256) {
        return (rec & ~(U32 << 160)) | (n << 160);
    }

    // token investor word
    function investorBalance(uint256 inv) internal pure returns (uint256) {
        return inv >> 160;
    }

    function withInvestorBalance(uint256 inv, uint256 bal) internal pure returns (uint256) {
        return (inv & ((1 << 160) - 1)) | (bal << 160);
    }

    // token wallet word
    function balance(uint256 w) internal pure returns (uint256) {
        return w & U96;
    }

    function frozenAmount(uint256 w) internal pure returns (uint256) {
        return (w >> 96) & U96;
    }

    function investorId(uint256 w) internal pure returns (uint48) {
        return uint48(w >> 192);
    }

    function withBalance(uint256 w, uint256 bal) internal pure returns (uint256) {
        return (w & ~U96) | bal;
    }

    function withFrozenAmount(uint256 w, uint256 amount) internal pure returns (uint256) {
        return (w & ~(U96 << 96)) | (amount << 96);
    }

    function withInvestorId(uint256 w, uint48 id) internal pure returns (uint256) {
        return (w & ~(U48 << 192)) | (uint256(id) << 192);
    }

    // token config word
    function countryRule(uint256 cfg) internal pure returns (uint256) {
        return (cfg >> COUNTRY_RULE_SHIFT) & 3;
    }

    function countryEpoch(uint256 cfg) internal pure returns (uint256) {
        return (cfg >> CONFIG_EPOCH_SHIFT) & COUNTRY_EPOCH_MASK;
    }

    function cachedCountryEpoch(uint256 inv) internal pure returns (uint256) {
        return (inv >> COUNTRY_EPOCH_SHIFT) & COUNTRY_EPOCH_MASK;
    }

    function transfersLockedUntil(uint256 cfg) internal pure returns (uint256) {
        return (cfg >> 8) & U40;
    }

    function regSDistributionEnd(uint256 cfg) internal pure returns (uint256) {
        return (cfg >> 48) & U40;
    }

    function maxBalance(uint256 cfg) internal pure returns (uint256) {
        return (cfg >> 96) & U96;
    }

    // token supply word
    function totalSupply(uint256 s) internal pure returns (uint256) {
        return s & U96;
    }

    function holders(uint256 s) internal pure returns (uint256) {
        return (s >> 96) & U32;
    }

    function nonAccreditedHolders(uint256 s) internal pure returns (uint256) {
        return (s >> 128) & U32;
    }

    function maxHolders(uint256 s) internal pure returns (uint256) {
        return (s >> 160) & U32;
    }

    function maxNonAccreditedHolders(uint256 s) internal pure returns (uint256) {
        return (s >> 192) & U32;
    }
}
