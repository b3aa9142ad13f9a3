/**
 * Reading department lists (CSV, XLSX, JSON Lines) row by row, and writing the rejected
 * rows back as a workbook. No Spring: plain classes that stream, so a 200,000-row
 * workbook or a 1,000,000-line CSV is read in constant memory.
 * <p>
 * Entry points: {@link org.epigrid.datahub.internal.tabular.TabularFiles#open} and
 * {@link org.epigrid.datahub.internal.tabular.RejectedRowsWorkbook#write}.
 */
package org.epigrid.datahub.internal.tabular;
