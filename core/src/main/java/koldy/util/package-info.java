/** Small helpers shared by the packages above: text, durations, spelling suggestions. Internal. */
package koldy.util;
