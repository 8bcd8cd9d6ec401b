/* The stateless m_size of the module def below, from a project header. */
#define NO_STATE -1
