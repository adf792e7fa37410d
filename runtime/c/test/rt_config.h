/* The unit tests' stand-in for the generated rt_config.h: a prefix no library uses. */
#ifndef RT_TEST_CONFIG_H
#define RT_TEST_CONFIG_H

#define RT_NAME(name) rt_test__##name

#endif
