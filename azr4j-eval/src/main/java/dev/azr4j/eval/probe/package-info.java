/**
 * Generalization probes written from the probe's side: programs and values as a Python programmer
 * writes them, drawn by code that shares nothing with the training environment (nothing of the
 * core's curriculum or gate packages, no shared table; {@code IndependenceTest} scans these
 * sources). Only the probe format and its balance rule (ProbeItem, ProbeSelection, ProbeBaselines)
 * are shared, so that the sets read like {@code probes-v1} and their baselines mean the same.
 */
package dev.azr4j.eval.probe;
