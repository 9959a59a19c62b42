/**
 * Internal engine, no compatibility promise: the deliberate bugs the deterministic simulation
 * plants to prove its checker fails. Only settings built by hand can carry one; configuration
 * parsed from properties never does.
 */
package io.replog.internal.fault;
