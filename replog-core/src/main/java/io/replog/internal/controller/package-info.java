/**
 * Internal engine, no compatibility promise: the controller of one term, a plain object driven
 * by coordinator notifications and requests on its broker's event loop. It decides leaders and
 * ISRs, writes them with fenced conditional updates and tells the brokers.
 */
package io.replog.internal.controller;
